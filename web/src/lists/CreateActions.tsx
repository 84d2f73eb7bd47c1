// "Create" buttons of a list: one per type the user may create, with a template menu for types that have templates.
import { useState } from 'react';
import type { ListDefinition, ListTypeInfo } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';
import { Link, paths } from '../router.tsx';
import { Icon } from '../components/Icon.tsx';
import { MenuButton, type MenuItem } from '../components/MenuButton.tsx';
import { useTemplates } from './useTemplates.ts';
import { normalizeDn } from './format.ts';

function TemplateMenu({ management, type, base, root }: { management: string; type: ListTypeInfo; base: string; root: string }) {
  const t = useT();
  const [wanted, setWanted] = useState(false);
  const templates = useTemplates(management, type.id, root, wanted);
  let fromTemplate: MenuItem[];
  if (templates.isPending) fromTemplate = [{ key: 'loading', label: t('common.loading'), disabled: true }];
  else if (templates.isError) fromTemplate = [{ key: 'error', label: t('lists.templatesError'), disabled: true }];
  else if (!templates.data.length) fromTemplate = [{ key: 'none', label: t('lists.noTemplate'), disabled: true }];
  else fromTemplate = templates.data.map((tp) => ({ key: tp.dn, label: tp.name, to: paths.create(type.id, { base, template: tp.dn }) }));
  return (
    <MenuButton
      label={t('lists.templatesMenu', { type: type.label })}
      className="split-end"
      align="end"
      onOpen={() => setWanted(true)}
      groups={[
        { key: 'from', label: t('lists.fromTemplate'), items: fromTemplate },
        { key: 'new', items: [{ key: 'new', label: t('lists.newTemplate'), to: paths.create(type.id, { base, asTemplate: true }) }] },
      ]}
    >
      <Icon name="chevronDown" />
    </MenuButton>
  );
}

/**
 * Where a new object of the type goes: the list's department when the user may create there (or in a department
 * above it), else the first department where he may.
 */
function createBase(type: ListTypeInfo, base: string): string {
  if (!type.createBases) return base;
  const here = normalizeDn(base);
  if (type.createBases.some((b) => here === normalizeDn(b) || here.endsWith(`,${normalizeDn(b)}`))) return base;
  return type.createBases[0] ?? base;
}

export function CreateActions({ def, management, base, root }: { def: ListDefinition; management: string; base: string; root: string }) {
  const t = useT();
  const creatable = def.types.filter((ty) => ty.canCreate);
  if (!creatable.length) return null;
  return (
    <div className="create-actions">
      {creatable.map((ty, i) => (
        <div key={ty.id} className="split-button">
          <Link to={paths.create(ty.id, { base: createBase(ty, base) })} className={`button ${i === 0 ? 'primary' : ''} ${ty.templates ? 'split-start' : ''}`}>
            <Icon name="plus" />
            {t('lists.create', { type: ty.label })}
          </Link>
          {ty.templates && <TemplateMenu management={management} type={ty} base={createBase(ty, base)} root={root} />}
        </div>
      ))}
    </div>
  );
}
