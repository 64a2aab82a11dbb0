'use client';
import type { PreviewResult } from '@message-center/templates';
import { useI18n } from '../../lib/i18n';

/**
 * The rendered title and content; an unrenderable part shows why instead, and an empty template
 * says what will appear here.
 */
export function PreviewPane({ result }: { result: PreviewResult }) {
  const { t } = useI18n();
  return (
    <div className="card">
      <h2>{t('tpl.preview')}</h2>
      {result.title === '' && result.content === '' ? (
        <p className="preview empty muted" data-testid="preview-empty">
          {t('tpl.previewEmpty')}
        </p>
      ) : (
        <div className="preview">
          <div className="preview-title" data-testid="preview-title">
            {result.title ?? <span className="error">{t('tpl.previewUnavailable')}</span>}
          </div>
          <div data-testid="preview-content">
            {result.content ?? <span className="error">{t('tpl.previewUnavailable')}</span>}
          </div>
        </div>
      )}
    </div>
  );
}
