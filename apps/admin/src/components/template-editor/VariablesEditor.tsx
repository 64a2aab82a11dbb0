'use client';
import { VariableType } from '@message-center/templates';
import { useI18n } from '../../lib/i18n';
import type { VariableRow } from './variables';

const NEW_ROW: VariableRow = {
  name: '',
  type: 'STRING',
  required: false,
  defaultText: '',
  description: '',
  sample: '',
};

/** The variable schema (name, type, required, default, description) plus a sample value each. */
export function VariablesEditor({
  rows,
  onChange,
}: {
  rows: VariableRow[];
  onChange: (rows: VariableRow[]) => void;
}) {
  const { t } = useI18n();
  const update = (index: number, patch: Partial<VariableRow>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div data-testid="variables">
      <table>
        <thead>
          <tr>
            <th>{t('tpl.varName')}</th>
            <th>{t('tpl.varType')}</th>
            <th>{t('tpl.varRequired')}</th>
            <th>{t('tpl.varDefault')}</th>
            <th>{t('tpl.varDescription')}</th>
            <th>{t('tpl.varSample')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="variable-row">
              <td>
                <input
                  aria-label={t('tpl.varName')}
                  name={`var-name-${i}`}
                  value={r.name}
                  onChange={(e) => update(i, { name: e.target.value })}
                />
              </td>
              <td>
                <select
                  aria-label={t('tpl.varType')}
                  value={r.type}
                  onChange={(e) => update(i, { type: e.target.value as VariableRow['type'] })}
                >
                  {VariableType.map((type) => (
                    <option key={type}>{type}</option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('tpl.varRequired')}
                  checked={r.required}
                  onChange={(e) => update(i, { required: e.target.checked })}
                />
              </td>
              <td>
                <input
                  aria-label={t('tpl.varDefault')}
                  value={r.defaultText}
                  onChange={(e) => update(i, { defaultText: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t('tpl.varDescription')}
                  value={r.description}
                  onChange={(e) => update(i, { description: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={t('tpl.varSample')}
                  name={`var-sample-${i}`}
                  value={r.sample}
                  onChange={(e) => update(i, { sample: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onChange(rows.filter((_, k) => k !== i))}
                >
                  {t('tpl.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="secondary"
        style={{ marginTop: 8 }}
        onClick={() => onChange([...rows, NEW_ROW])}
      >
        {t('tpl.addVariable')}
      </button>
    </div>
  );
}
