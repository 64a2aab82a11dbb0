import { z } from 'zod';
import {
  TemplateCreateInput,
  TemplateIdInput,
  TemplateListInput,
  TemplatePreviewInput,
  TemplateSendInput,
  TemplateUpdateInput,
  TemplateValidateInput,
} from '../../domain/index.js';
import { adminProcedure, router, senderProcedure } from '../trpc.js';

/** `templates.*` (admin; `send` also sender). */
export const templatesRouter = router({
  create: adminProcedure.input(TemplateCreateInput).mutation(({ ctx, input }) => ctx.services.templates.create(ctx.principal, input)),
  update: adminProcedure.input(TemplateUpdateInput).mutation(({ ctx, input }) => ctx.services.templates.update(ctx.principal, input)),
  delete: adminProcedure.input(TemplateIdInput).mutation(({ ctx, input }) => ctx.services.templates.delete(ctx.principal, input.templateId)),
  get: adminProcedure.input(TemplateIdInput).query(({ ctx, input }) => ctx.services.templates.get(ctx.principal, input.templateId)),
  list: adminProcedure.input(TemplateListInput).query(({ ctx, input }) => ctx.services.templates.list(ctx.principal, input)),
  history: adminProcedure
    .input(TemplateIdInput.extend({ limit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => ctx.services.templates.history(ctx.principal, input.templateId, input.limit)),
  validate: adminProcedure.input(TemplateValidateInput).query(({ ctx, input }) => ctx.services.templates.validate(input)),
  preview: adminProcedure.input(TemplatePreviewInput).query(({ ctx, input }) => ctx.services.templates.preview(ctx.principal, input)),
  send: senderProcedure.input(TemplateSendInput).mutation(({ ctx, input }) => ctx.services.templates.send(ctx.principal, input)),
});
