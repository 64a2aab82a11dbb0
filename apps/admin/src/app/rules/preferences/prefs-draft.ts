import {
  MESSAGE_TYPES,
  type MessageType,
  type RouterInputs,
  type RouterOutputs,
} from '../../../lib/api-types';
import type { FieldPaths } from '../../../lib/field-errors';
import type { MessageKey } from '../../../lib/messages-en';
import { commaList } from '../rule-draft';

/** Delivery preferences as `preferences.get` answers them. */
export type Preferences = RouterOutputs['preferences']['get'];
type UpdateInput = RouterInputs['preferences']['update'];
type ChannelPreference = NonNullable<Preferences['channels']['EMAIL']>;
/**
 * The channels a recipient's preferences govern. WEBHOOK is the org's own integration: routing
 * ignores preferences for it, so the form does not offer it (a stored entry is kept as it is).
 */
export const CHANNELS = [
  'EMAIL',
  'SMS',
] as const satisfies readonly (keyof Preferences['channels'])[];
export type Channel = (typeof CHANNELS)[number];
/** A message type's exception: none (the channel's switch decides), on or off. */
export const OVERRIDES = ['', 'on', 'off'] as const;
export type Override = (typeof OVERRIDES)[number];

/** One channel in the form: its switch, an exception per message type, categories as comma lists. */
export interface ChannelDraft {
  enabled: boolean;
  types: Record<MessageType, Override>;
  categoriesOn: string;
  categoriesOff: string;
}

/** The default-preferences form; empty quiet hours or time zone mean none. */
export interface PrefsDraft {
  channels: Record<Channel, ChannelDraft>;
  /** Stored entries of channels the form does not show, saved back unchanged. */
  otherChannels: Preferences['channels'];
  quietStart: string;
  quietEnd: string;
  timeZone: string;
}

/** Fields that can carry a message: the three plain ones and `EMAIL.categoriesOff` style ones. */
export type PrefsField =
  | 'quietStart'
  | 'quietEnd'
  | 'timeZone'
  | `${Channel}.${'enabled' | 'categoriesOn' | 'categoriesOff'}`;

/** Every field that can show a message, and where the server's paths for it point. */
export const PREFS_FIELDS: readonly PrefsField[] = [
  'quietStart',
  'quietEnd',
  'timeZone',
  ...CHANNELS.flatMap((c) => [`${c}.enabled`, `${c}.categoriesOn`, `${c}.categoriesOff`] as const),
];
export const PREFS_FIELD_PATHS: FieldPaths<PrefsField> = {
  quietStart: ['quietHours.start', 'quietHours'],
  quietEnd: ['quietHours.end'],
  timeZone: ['timeZone'],
};
for (const c of CHANNELS) {
  PREFS_FIELD_PATHS[`${c}.enabled`] = [`channels.${c}`];
  // The server keeps categories in one map: its messages go under the first of the two lists.
  PREFS_FIELD_PATHS[`${c}.categoriesOn`] = [`channels.${c}.categories`];
}

function channelDraftOf(pref: ChannelPreference | undefined): ChannelDraft {
  const types = Object.fromEntries(
    MESSAGE_TYPES.map((type) => {
      const value = pref?.messageTypes?.[type];
      return [type, value === undefined ? '' : value ? 'on' : 'off'];
    }),
  ) as Record<MessageType, Override>;
  const categories = Object.entries(pref?.categories ?? {});
  const named = (on: boolean) =>
    categories
      .filter(([, v]) => v === on)
      .map(([k]) => k)
      .join(', ');
  return {
    enabled: pref?.enabled ?? true,
    types,
    categoriesOn: named(true),
    categoriesOff: named(false),
  };
}

/** The form filled with stored preferences (a channel never set is on, without exceptions). */
export function prefsDraftOf(prefs: Preferences): PrefsDraft {
  return {
    channels: {
      EMAIL: channelDraftOf(prefs.channels.EMAIL),
      SMS: channelDraftOf(prefs.channels.SMS),
    },
    otherChannels: prefs.channels.WEBHOOK ? { WEBHOOK: prefs.channels.WEBHOOK } : {},
    quietStart: prefs.quietHours?.start ?? '',
    quietEnd: prefs.quietHours?.end ?? '',
    timeZone: prefs.timeZone ?? '',
  };
}

function channelPreferenceOf(d: ChannelDraft): ChannelPreference | undefined {
  const messageTypes = Object.fromEntries(
    MESSAGE_TYPES.filter((type) => d.types[type] !== '').map((type) => [
      type,
      d.types[type] === 'on',
    ]),
  );
  const categories = Object.fromEntries([
    ...commaList(d.categoriesOn).map((c) => [c, true] as const),
    ...commaList(d.categoriesOff).map((c) => [c, false] as const),
  ]);
  const hasTypes = Object.keys(messageTypes).length > 0;
  const hasCategories = Object.keys(categories).length > 0;
  // A channel that is on without exceptions says nothing: leaving it out is the same preference.
  if (d.enabled && !hasTypes && !hasCategories) return undefined;
  return {
    enabled: d.enabled,
    ...(hasTypes ? { messageTypes } : {}),
    ...(hasCategories ? { categories } : {}),
  };
}

/**
 * What the form says, as `preferences.update {scope: 'ORG'}` takes it, or (in `t`'s language) what
 * the form can tell before asking the server: quiet hours need both ends, and a category cannot
 * be both on and off. The server checks the values themselves (times, zone, lengths).
 */
export function orgUpdateOf(
  d: PrefsDraft,
  t: (key: MessageKey) => string,
): { input: UpdateInput } | { problems: Partial<Record<PrefsField, string>> } {
  const problems: Partial<Record<PrefsField, string>> = {};
  const start = d.quietStart.trim();
  const end = d.quietEnd.trim();
  if ((start === '') !== (end === ''))
    problems[start ? 'quietEnd' : 'quietStart'] = t('prefs.quietBoth');
  for (const channel of CHANNELS) {
    const on = new Set(commaList(d.channels[channel].categoriesOn));
    const both = commaList(d.channels[channel].categoriesOff).filter((c) => on.has(c));
    if (both.length)
      problems[`${channel}.categoriesOff`] = `${t('prefs.categoryTwice')} ${both.join(', ')}`;
  }
  if (Object.keys(problems).length) return { problems };
  const channels: UpdateInput['channels'] = { ...d.otherChannels };
  for (const channel of CHANNELS) {
    const pref = channelPreferenceOf(d.channels[channel]);
    if (pref) channels[channel] = pref;
  }
  return {
    input: {
      scope: 'ORG',
      channels,
      quietHours: start ? { start, end } : null,
      timeZone: d.timeZone.trim() || null,
    },
  };
}
