'use client';
import { useState, type FormEvent } from 'react';
import { QueryError } from '../../components/QueryError';
import { splitFieldErrors } from '../../lib/field-errors';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';
import { useAction } from '../../lib/use-action';
import {
  EMPTY_DRAFT,
  RULE_FIELD_PATHS,
  RULE_FIELDS,
  draftOf,
  ruleFieldsOf,
  type Rule,
  type RuleDraft,
} from './rule-draft';
import { RuleFieldsets } from './rule-fields';

/**
 * Creates a rule, or with `rule` edits that one (`rules.update` replaces the whole rule, so every
 * field is in the form, prefilled). The server's refusals are shown on the fields they name.
 */
export function RuleForm({
  rule,
  onSaved,
  onCancel,
}: {
  /** The stored rule to edit (possibly with a change already made, e.g. `enabled` flipped). */
  rule?: Rule;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : EMPTY_DRAFT));
  const save = useAction(() =>
    rule
      ? api.rules.update.mutate({ ruleId: rule.ruleId, ...ruleFieldsOf(draft) })
      : api.rules.create.mutate(ruleFieldsOf(draft)),
  );
  const errors = splitFieldErrors(save.error, RULE_FIELDS, RULE_FIELD_PATHS);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!(await save.run())) return;
    if (!rule) setDraft(EMPTY_DRAFT);
    onSaved();
  }

  return (
    <form
      className="card"
      data-testid={rule ? 'rule-edit' : 'rule-form'}
      data-rule={rule?.ruleId}
      onSubmit={(e) => void submit(e)}
    >
      <h2>{rule ? `${t('rules.edit')} · ${rule.name}` : t('rules.new')}</h2>
      <QueryError error={errors.general} />
      <RuleFieldsets
        draft={draft}
        setDraft={setDraft}
        errors={errors.byField}
        secretHint={rule?.actions.webhook ? t('rules.secretAgain') : undefined}
      />
      <div className="row">
        <button type="submit" disabled={save.pending}>
          {rule ? t('common.save') : t('rules.create')}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
