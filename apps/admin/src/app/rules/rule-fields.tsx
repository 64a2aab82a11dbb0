'use client';
import type { Dispatch, SetStateAction } from 'react';
import { CheckboxField, SelectField, TextField } from '../../components/Field';
import { fieldBinder } from '../../lib/form';
import { useI18n } from '../../lib/i18n';
import { IN_APP_MODES, type RuleDraft, type RuleDraftField } from './rule-draft';

type BooleanField = {
  [K in RuleDraftField]: RuleDraft[K] extends boolean ? K : never;
}[RuleDraftField];

/**
 * The condition builder and the actions of a rule: the same fields for a new rule and for an
 * existing one. `errors` holds the server's message for each field it refused.
 */
export function RuleFieldsets({
  draft,
  setDraft,
  errors,
  secretHint,
}: {
  draft: RuleDraft;
  setDraft: Dispatch<SetStateAction<RuleDraft>>;
  errors: Partial<Record<RuleDraftField, string>>;
  /** Shown under the webhook secret (an existing webhook's secret must be typed again). */
  secretHint?: string;
}) {
  const { t } = useI18n();
  const bind = fieldBinder(draft, setDraft);
  const text = (name: Exclude<RuleDraftField, BooleanField | 'inApp'>) => ({
    ...bind(name),
    error: errors[name],
  });
  const check = (name: BooleanField) => ({
    name,
    checked: draft[name],
    onChange: (checked: boolean) => setDraft((d) => ({ ...d, [name]: checked })),
    error: errors[name],
  });
  return (
    <>
      <div className="row">
        <TextField label={t('rules.name')} {...text('name')} required />
        <TextField label={t('rules.priority')} type="number" {...text('priority')} />
        <CheckboxField label={t('rules.enabled')} {...check('enabled')} />
        <CheckboxField label={t('rules.continue')} {...check('continue')} />
      </div>
      <fieldset>
        <legend>{t('rules.conditions')}</legend>
        <div className="row">
          <TextField
            label={t('rules.messageTypes')}
            placeholder="ALERT, SYSTEM"
            {...text('messageTypes')}
          />
          <TextField
            label={t('rules.priorities')}
            placeholder="NORMAL, LOW"
            {...text('priorities')}
          />
          <TextField label={t('rules.categories')} {...text('categories')} />
          <TextField label={t('rules.userIds')} {...text('userIds')} />
          <TextField label={t('rules.groups')} {...text('groupIds')} />
          <TextField label={t('rules.roles')} {...text('roles')} />
        </div>
        <div className="row">
          <TextField
            label={t('rules.timeZone')}
            placeholder="Asia/Shanghai"
            {...text('timeZone')}
          />
          <TextField label={t('rules.days')} placeholder="MON, TUE, SAT" {...text('days')} />
          <TextField
            label={t('rules.windows')}
            placeholder="22:00-07:00, 12:00-13:00"
            {...text('windows')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('rules.actions')}</legend>
        <div className="row">
          <SelectField
            label={t('rules.inApp')}
            options={IN_APP_MODES}
            optionLabel={(mode) => t(`rules.inApp.${mode}`)}
            {...bind('inApp')}
            error={errors.inApp}
          />
          <TextField
            label={t('rules.delaySeconds')}
            type="number"
            step="any"
            {...text('delaySeconds')}
          />
          <TextField label={t('rules.until')} placeholder="07:00" {...text('until')} />
          <CheckboxField label={t('rules.bypassQuietHours')} {...check('bypassQuietHours')} />
        </div>
        <div className="row">
          <TextField
            label={t('rules.channels')}
            placeholder="EMAIL, WEBHOOK"
            {...text('channels')}
          />
          <TextField label={t('rules.webhookUrl')} {...text('webhookUrl')} />
          <TextField
            label={t('rules.webhookSecret')}
            type="password"
            autoComplete="new-password"
            placeholder={secretHint}
            title={secretHint}
            {...text('webhookSecret')}
          />
          <TextField label={t('rules.maxAttempts')} type="number" {...text('maxAttempts')} />
          <TextField label={t('rules.backoffMs')} type="number" {...text('backoffMs')} />
        </div>
        {secretHint && <p className="muted">{secretHint}</p>}
      </fieldset>
    </>
  );
}
