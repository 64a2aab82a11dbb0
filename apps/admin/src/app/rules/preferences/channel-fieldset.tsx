'use client';
import { CheckboxField, SelectField, TextField } from '../../../components/Field';
import { MESSAGE_TYPES } from '../../../lib/api-types';
import { useI18n } from '../../../lib/i18n';
import { OVERRIDES, type Channel, type ChannelDraft, type PrefsField } from './prefs-draft';

/** One external channel's default: its switch, an exception per message type, and by category. */
export function ChannelFieldset({
  channel,
  draft,
  onChange,
  errors,
}: {
  channel: Channel;
  draft: ChannelDraft;
  onChange: (next: ChannelDraft) => void;
  errors: Partial<Record<PrefsField, string>>;
}) {
  const { t } = useI18n();
  const overrideLabel = (o: (typeof OVERRIDES)[number]) =>
    o === '' ? t('prefs.asChannel') : t(o === 'on' ? 'prefs.on' : 'prefs.off');
  return (
    <fieldset data-channel={channel}>
      <legend>{channel}</legend>
      <div className="row">
        <CheckboxField
          label={t('prefs.channelOn')}
          name={`${channel}.enabled`}
          checked={draft.enabled}
          onChange={(enabled) => onChange({ ...draft, enabled })}
          error={errors[`${channel}.enabled`]}
        />
        {MESSAGE_TYPES.map((type) => (
          <SelectField
            key={type}
            label={type}
            name={`${channel}.${type}`}
            value={draft.types[type]}
            options={OVERRIDES}
            optionLabel={overrideLabel}
            onChange={(value) => onChange({ ...draft, types: { ...draft.types, [type]: value } })}
          />
        ))}
      </div>
      <div className="row">
        <TextField
          label={t('prefs.categoriesOn')}
          name={`${channel}.categoriesOn`}
          value={draft.categoriesOn}
          onChange={(categoriesOn) => onChange({ ...draft, categoriesOn })}
          error={errors[`${channel}.categoriesOn`]}
        />
        <TextField
          label={t('prefs.categoriesOff')}
          name={`${channel}.categoriesOff`}
          value={draft.categoriesOff}
          onChange={(categoriesOff) => onChange({ ...draft, categoriesOff })}
          error={errors[`${channel}.categoriesOff`]}
        />
      </div>
    </fieldset>
  );
}
