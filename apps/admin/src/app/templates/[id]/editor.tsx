'use client';
import { preview } from '@message-center/templates';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useDeferredValue, useMemo, useState } from 'react';
import { SelectField, TextField } from '../../../components/Field';
import { QueryError } from '../../../components/QueryError';
import { DiagnosticsList } from '../../../components/template-editor/Diagnostics';
import { PreviewPane } from '../../../components/template-editor/Preview';
import { SourceEditor } from '../../../components/template-editor/SourceEditor';
import {
  rowsOf,
  sampleValues,
  toDeclarations,
  type VariableRow,
} from '../../../components/template-editor/variables';
import { VariablesEditor } from '../../../components/template-editor/VariablesEditor';
import { MESSAGE_TYPES, PRIORITIES } from '../../../lib/api-types';
import { fieldBinder } from '../../../lib/form';
import { useI18n } from '../../../lib/i18n';
import { useApi } from '../../../lib/session';
import { templatesApi, type Template, type TemplateFields } from '../../../lib/templates-api';
import { TemplateSidePanel } from './side-panel';

type Meta = Pick<TemplateFields, 'name' | 'category' | 'messageType' | 'priority' | 'enabled'>;

const BLANK: Meta & { title: string; content: string } = {
  name: '',
  category: 'GENERAL',
  messageType: 'NOTIFICATION',
  priority: 'NORMAL',
  enabled: true,
  title: '',
  content: '',
};

/**
 * Template editor: metadata, title and content sources, variable schema and sample values. The
 * preview and diagnostics are computed in the browser by `@message-center/templates` on every
 * change, the same code the server runs when it validates and sends.
 */
export function TemplateEditor({ initial }: { initial: Template | null }) {
  const { t } = useI18n();
  const api = useApi();
  const router = useRouter();
  const queryClient = useQueryClient();
  const start = initial ?? BLANK;
  const [meta, setMeta] = useState<Meta>({
    name: start.name,
    category: start.category,
    messageType: start.messageType,
    priority: start.priority,
    enabled: start.enabled,
  });
  const [title, setTitle] = useState(start.title);
  const [content, setContent] = useState(start.content);
  const [rows, setRows] = useState<VariableRow[]>(initial ? rowsOf(initial.variables) : []);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  // The version this editor last saw, so a concurrent edit elsewhere is refused, not overwritten.
  const [version, setVersion] = useState(initial?.version);

  const metaField = fieldBinder(meta, setMeta);
  const source = useDeferredValue({ title, content, rows });
  const result = useMemo(
    () =>
      preview({
        title: source.title,
        content: source.content,
        variables: toDeclarations(source.rows),
        values: sampleValues(source.rows),
      }),
    [source],
  );

  /** The editor props that follow from which of the two sources it edits. */
  const sourceEditor = (field: 'title' | 'content') => ({
    testId: `${field}-editor`,
    label: t(`common.${field}`),
    diagnostics: result.diagnostics[field],
  });

  async function save(patch: Partial<Meta> = {}) {
    setSaving(true);
    setError(null);
    setNotice(null);
    const fields: TemplateFields = {
      ...meta,
      ...patch,
      title,
      content,
      variables: toDeclarations(rows),
    };
    try {
      const saved = initial
        ? await templatesApi(api).update.mutate({
            templateId: initial.templateId,
            expectedVersion: version,
            ...fields,
          })
        : await templatesApi(api).create.mutate(fields);
      setMeta((m) => ({ ...m, ...patch }));
      setVersion(saved.version);
      setNotice(`${t('tpl.saved')} · v${saved.version}`);
      await queryClient.invalidateQueries({ queryKey: ['templates.list'] });
      await queryClient.invalidateQueries({ queryKey: ['templates.history', saved.templateId] });
      if (!initial) router.replace(`/templates/${encodeURIComponent(saved.templateId)}`);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section>
      <h1>{initial ? `${t('tpl.editTitle')} · ${initial.name}` : t('tpl.newTitle')}</h1>
      <QueryError error={error} />
      {notice && (
        <p className="ok" data-testid="save-notice">
          {notice}
        </p>
      )}
      <div className="grid2">
        <div>
          <div className="card">
            <div className="row">
              <TextField label={t('tpl.name')} {...metaField('name')} required />
              <TextField label={t('common.category')} {...metaField('category')} />
              <SelectField
                label={t('common.type')}
                options={MESSAGE_TYPES}
                {...metaField('messageType')}
              />
              <SelectField
                label={t('common.priority')}
                options={PRIORITIES}
                {...metaField('priority')}
              />
            </div>
            <label>{t('common.title')}</label>
            <SourceEditor
              {...sourceEditor('title')}
              value={title}
              onChange={setTitle}
              isSingleLine
            />
            <label style={{ marginTop: 12 }}>{t('common.content')}</label>
            <SourceEditor {...sourceEditor('content')} value={content} onChange={setContent} />
          </div>
          <div className="card">
            <h2>{t('tpl.variables')}</h2>
            <VariablesEditor rows={rows} onChange={setRows} />
          </div>
          <div className="row">
            <button
              type="button"
              data-testid="save-template"
              disabled={isSaving || !meta.name.trim() || result.diagnostics.hasErrors}
              onClick={() => void save()}
            >
              {t('common.save')}
            </button>
            {initial && (
              <button
                type="button"
                className="secondary"
                data-testid="toggle-enabled"
                disabled={isSaving}
                onClick={() => void save({ enabled: !meta.enabled })}
              >
                {meta.enabled ? `${t('tpl.enabled')} ✓` : t('tpl.disabled')}
              </button>
            )}
          </div>
        </div>
        <div>
          <PreviewPane result={result} />
          <div className="card">
            <h2>{t('tpl.diagnostics')}</h2>
            <DiagnosticsList diagnostics={result.diagnostics} />
          </div>
          {initial && (
            <TemplateSidePanel
              template={initial}
              version={version ?? initial.version}
              values={sampleValues(rows)}
            />
          )}
        </div>
      </div>
    </section>
  );
}
