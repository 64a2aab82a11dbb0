'use client';
import { useQuery } from '@tanstack/react-query';
import { SelectField, TextField } from '../../components/Field';
import { QueryError } from '../../components/QueryError';
import { GROUP_TYPES, type GroupType } from '../../lib/api-types';
import { GROUP_KIND_LABELS, groupListQuery } from '../../lib/groups-api';
import { useI18n } from '../../lib/i18n';
import { useApi } from '../../lib/session';

/** The most groups one list call returns; an org with more types the id instead. */
const PICKER_LIMIT = 100;

export interface GroupTarget {
  groupId: string;
  groupType: GroupType;
}

/**
 * The group a message goes to: a select of the org's groups (its kind follows the choice), or,
 * when the org has none or more than one page of them, a typed id and kind.
 */
export function GroupPicker({
  value,
  onChange,
}: {
  value: GroupTarget;
  onChange: (target: GroupTarget) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const groups = useQuery(groupListQuery(api, { page: 1, size: PICKER_LIMIT }));
  if (groups.isPending) return <p className="muted">{t('common.loading')}</p>;

  const items = groups.data?.items ?? [];
  if (groups.data && items.length > 0 && groups.data.total <= PICKER_LIMIT) {
    const byId = new Map(items.map((g) => [g.groupId, g]));
    return (
      <SelectField
        label={t('bc.group')}
        name="groupId"
        value={value.groupId}
        options={['', ...byId.keys()]}
        optionLabel={(id) => {
          const g = byId.get(id);
          if (!g) return t('bc.chooseGroup');
          return `${g.name} · ${t(GROUP_KIND_LABELS[g.type])} · ${g.members.length}`;
        }}
        onChange={(id) => onChange({ groupId: id, groupType: byId.get(id)?.type ?? 'USER_GROUP' })}
        required
      />
    );
  }
  return (
    <>
      <QueryError error={groups.error} />
      {groups.data && (
        <p className="muted">{items.length === 0 ? t('bc.noGroups') : t('bc.manyGroups')}</p>
      )}
      <div className="row">
        <TextField
          label={t('bc.groupId')}
          name="groupId"
          value={value.groupId}
          onChange={(groupId) => onChange({ ...value, groupId })}
          required
        />
        <SelectField
          label={t('bc.groupType')}
          name="groupType"
          options={GROUP_TYPES}
          value={value.groupType}
          onChange={(groupType) => onChange({ ...value, groupType })}
        />
      </div>
    </>
  );
}
