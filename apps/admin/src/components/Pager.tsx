'use client';
import { useI18n } from '../lib/i18n';

/** Previous / next buttons around "page / pages" for a list the server pages. */
export function Pager({
  page,
  size,
  total,
  onPage,
}: {
  page: number;
  size: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="row pager">
      <button
        type="button"
        className="secondary"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        {t('common.prev')}
      </button>
      <span className="muted">
        {page} / {Math.max(1, Math.ceil(total / size))}
      </span>
      <button
        type="button"
        className="secondary"
        disabled={page * size >= total}
        onClick={() => onPage(page + 1)}
      >
        {t('common.next')}
      </button>
    </div>
  );
}
