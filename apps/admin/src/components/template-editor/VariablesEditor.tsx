'use client';
import { VariableType } from '@message-center/templates';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages-en';
import type { VariableRow } from './variables';

const NEW_ROW: VariableRow = {
  name: '',
  type: 'STRING',
  required: false,
  defaultText: '',
  description: '',
  sample: '',
};

type TextKey = 'name' | 'defaultText' | 'description' | 'sample';
const TEXT_LABELS: Record<TextKey, MessageKey> = {
  name: 'tpl.varName',
  defaultText: 'tpl.varDefault',
  description: 'tpl.varDescription',
  sample: 'tpl.varSample',
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
  const textInput = (row: VariableRow, index: number, key: TextKey, name?: string) => (
    <input
      aria-label={t(TEXT_LABELS[key])}
      name={name}
      value={row[key]}
      onChange={(e) => update(index, { [key]: e.target.value })}
    />
  );
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
              <td>{textInput(r, i, 'name', `var-name-${i}`)}</td>
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
              <td>{textInput(r, i, 'defaultText')}</td>
              <td>{textInput(r, i, 'description')}</td>
              <td>{textInput(r, i, 'sample', `var-sample-${i}`)}</td>
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
