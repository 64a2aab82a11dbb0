'use client';
import { useQuery } from '@tanstack/react-query';
import { use } from 'react';
import { QueryError } from '../../../components/QueryError';
import { useI18n } from '../../../lib/i18n';
import { useApi } from '../../../lib/session';
import { templatesApi } from '../../../lib/templates-api';
import { TemplateEditor } from './editor';

/** `/templates/new` creates a template; `/templates/<id>` edits one. */
export default function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = use(params);
  const templateId = id === 'new' ? null : decodeURIComponent(id);
  const { t } = useI18n();
  const api = useApi();
  const existing = useQuery({
    queryKey: ['templates.get', templateId],
    queryFn: () => templatesApi(api).get.query({ templateId: templateId! }),
    enabled: templateId !== null,
  });
  if (templateId === null) return <TemplateEditor key="new" initial={null} />;
  if (existing.error) return <QueryError error={existing.error} />;
  if (!existing.data) return <p className="muted">{t('common.loading')}</p>;
  return <TemplateEditor key={existing.data.templateId} initial={existing.data} />;
}
