import { useRef, type KeyboardEvent } from 'react';
import { Icon, type IconName } from '../Icon';

export interface NavItem<Id extends string> {
  id: Id;
  label: string;
  icon: IconName;
  /** Shown as a small busy dot, e.g. while an import runs in the background. */
  busy?: boolean;
}

export interface NavGroup<Id extends string> {
  label: string;
  items: NavItem<Id>[];
}

/**
 * The left navigation. Groups are data, so later analyses (Retention, Risk, Value) are one entry each.
 * Keyboard: Tab enters the list at the current item, arrows move between items, Home/End jump,
 * Enter/Space opens (a roving tabindex, as in the WAI-ARIA toolbar/listbox patterns).
 */
export function Sidebar<Id extends string>({
  groups,
  current,
  onSelect,
}: {
  groups: NavGroup<Id>[];
  current: Id;
  onSelect: (id: Id) => void;
}) {
  const listRef = useRef<HTMLElement>(null);
  const items = groups.flatMap((group) => group.items);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const buttons = Array.from(
      listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-nav]') ?? [],
    );
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index === -1) return;
    const targets: Record<string, number> = {
      ArrowDown: (index + 1) % buttons.length,
      ArrowUp: (index - 1 + buttons.length) % buttons.length,
      Home: 0,
      End: buttons.length - 1,
    };
    const next = targets[event.key];
    if (next === undefined) return;
    event.preventDefault();
    buttons[next]?.focus();
  };

  return (
    <nav className="sidebar" aria-label="Sections" ref={listRef} onKeyDown={onKeyDown}>
      {groups.map((group) => (
        <div className="sidebar-group" key={group.label}>
          <div className="sidebar-group-label" id={`nav-${group.label}`}>
            {group.label}
          </div>
          <ul aria-labelledby={`nav-${group.label}`}>
            {group.items.map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  data-nav
                  className={item.id === current ? 'sidebar-item sidebar-item-current' : 'sidebar-item'}
                  aria-current={item.id === current ? 'page' : undefined}
                  tabIndex={item.id === current || !items.some((i) => i.id === current) ? 0 : -1}
                  onClick={() => onSelect(item.id)}
                >
                  <Icon name={item.icon} size={17} />
                  <span>{item.label}</span>
                  {item.busy && <span className="sidebar-busy" aria-label="working" />}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
