'use client';
import type { PreviewResult } from '@message-center/templates';
import { useI18n } from '../../lib/i18n';

/** Every diagnostic of the template, positioned as `field line:column`. */
export function DiagnosticsList({ diagnostics }: { diagnostics: PreviewResult['diagnostics'] }) {
  const { t } = useI18n();
  const positioned = [
    ...diagnostics.title.map((d) => ({ ...d, field: 'title' as const })),
    ...diagnostics.content.map((d) => ({ ...d, field: 'content' as const })),
  ];
  const unpositioned = [...diagnostics.variables, ...diagnostics.values];
  if (positioned.length === 0 && unpositioned.length === 0) {
    return (
      <p className="ok" data-testid="no-diagnostics">
        {t('tpl.noDiagnostics')}
      </p>
    );
  }
  return (
    <ul className="diagnostics" data-testid="diagnostics">
      {positioned.map((d, i) => (
        <li
          key={`p${i}`}
          data-testid="diagnostic"
          data-field={d.field}
          data-line={d.line}
          data-column={d.column}
          data-severity={d.severity}
          className={d.severity}
        >
          <strong>
            {d.field} {d.line}:{d.column}
          </strong>{' '}
          [{d.code}] {d.message}
        </li>
      ))}
      {unpositioned.map((d, i) => (
        <li
          key={`v${i}`}
          data-testid="diagnostic"
          data-field="variables"
          data-severity={d.severity}
          className={d.severity}
        >
          <strong>{d.variable}</strong> [{d.code}] {d.message}
        </li>
      ))}
    </ul>
  );
}
