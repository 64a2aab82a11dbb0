'use client';
import type { TemplateValues } from '@message-center/templates';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { SubmitField } from '../../../components/Field';
import { QueryError } from '../../../components/QueryError';
import { dateTime } from '../../../lib/format';
import { useI18n } from '../../../lib/i18n';
import { useApi } from '../../../lib/session';
import { templatesApi, type Template } from '../../../lib/templates-api';

/** Version history and a test send of a saved template. */
export function TemplateSidePanel({
  template,
  version,
  values,
}: {
  template: Template;
  version: number;
  values: TemplateValues;
}) {
  const { t, locale } = useI18n();
  const api = useApi();
  const history = useQuery({
    queryKey: ['templates.history', template.templateId],
    queryFn: () => templatesApi(api).history.query({ templateId: template.templateId }),
  });
  const [receiverId, setReceiverId] = useState('');
  const [sendError, setSendError] = useState<unknown>(null);
  const [sentId, setSentId] = useState<string | null>(null);

  async function testSend(e: FormEvent) {
    e.preventDefault();
    setSendError(null);
    setSentId(null);
    try {
      const res = await templatesApi(api).send.mutate({
        templateId: template.templateId,
        receiverId,
        values: { ...values },
      });
      setSentId(res.messageId);
    } catch (err) {
      setSendError(err);
    }
  }

  return (
    <>
      <form className="card" onSubmit={(e) => void testSend(e)} data-testid="test-send">
        <h2>{t('tpl.testSend')}</h2>
        <SubmitField
          label={t('tpl.testSendTo')}
          name="receiverId"
          value={receiverId}
          onChange={setReceiverId}
          submitLabel={t('tpl.send')}
        />
        <QueryError error={sendError} />
        {sentId && (
          <p className="ok">
            {t('tpl.sent')} · <code>{sentId}</code>
          </p>
        )}
      </form>
      <div className="card" data-testid="history">
        <h2>{t('tpl.history')}</h2>
        <QueryError error={history.error} />
        <table>
          <thead>
            <tr>
              <th className="num">{t('tpl.version')}</th>
              <th>{t('common.title')}</th>
              <th>{t('common.status')}</th>
              <th>{t('common.date')}</th>
            </tr>
          </thead>
          <tbody>
            <tr data-testid="current-version">
              <td className="num">v{version}</td>
              <td colSpan={3}>{t('tpl.current')}</td>
            </tr>
            {(history.data ?? [])
              .filter((v) => v.version !== version)
              .map((v) => (
                <tr key={v.version}>
                  <td className="num">v{v.version}</td>
                  <td>{v.title}</td>
                  <td>{v.enabled ? t('tpl.enabled') : t('tpl.disabled')}</td>
                  <td>{dateTime(v.updateTime, locale)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
