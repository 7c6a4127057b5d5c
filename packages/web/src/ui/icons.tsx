import type { ChatKind } from '@parta/shared';

/** Small line icons; decorative (the control around them carries the label). */
function Icon({ d, size = 20 }: { d: string | string[]; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {(Array.isArray(d) ? d : [d]).map((path) => (
        <path key={path} className="icon-stroke" d={path} />
      ))}
    </svg>
  );
}

export const icons = {
  back: () => <Icon d="M15 5l-7 7 7 7" />,
  send: () => <Icon d={['M4 12l16-8-6 16-3-7z', 'M11 13l9-9']} />,
  pencil: () => <Icon d={['M4 20h4L19 9l-4-4L4 16z', 'M13 7l4 4']} />,
  search: () => <Icon d={['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M20 20l-4-4']} />,
  more: () => <Icon d={['M5 12h.01', 'M12 12h.01', 'M19 12h.01']} />,
  close: () => <Icon d={['M6 6l12 12', 'M18 6L6 18']} />,
  reply: () => <Icon d={['M10 8L4 13l6 5', 'M4 13h10a6 6 0 0 1 6 6']} />,
  forward: () => <Icon d={['M14 8l6 5-6 5', 'M20 13H10a6 6 0 0 0-6 6']} />,
  trash: () => <Icon d={['M5 7h14', 'M10 7V5h4v2', 'M7 7l1 13h8l1-13']} />,
  copy: () => <Icon d={['M9 9h11v11H9z', 'M5 15H4V4h11v1']} />,
  smile: () => (
    <Icon
      d={[
        'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z',
        'M8 14s1.5 2 4 2 4-2 4-2',
        'M9 9h.01',
        'M15 9h.01',
      ]}
    />
  ),
  poll: () => <Icon d={['M5 20V10', 'M12 20V4', 'M19 20v-7']} />,
  eye: () => (
    <Icon
      d={[
        'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z',
        'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
      ]}
    />
  ),
  bell: () => <Icon d={['M6 16V11a6 6 0 0 1 12 0v5l2 2H4z', 'M10 20h4']} />,
  bellOff: () => (
    <Icon d={['M6 16V11a6 6 0 0 1 9-5.2', 'M18 11v5l2 2H8', 'M10 20h4', 'M4 4l16 16']} />
  ),
  users: () => (
    <Icon
      d={[
        'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
        'M2 21a7 7 0 0 1 14 0',
        'M16 3a4 4 0 0 1 0 8',
        'M18 14a7 7 0 0 1 4 7',
      ]}
    />
  ),
  calendar: () => <Icon d={['M4 6h16v14H4z', 'M4 10h16', 'M8 3v4', 'M16 3v4']} />,
  down: () => <Icon d="M6 9l6 6 6-6" />,
  check: () => <Icon d="M5 12l5 5 9-10" />,
  checks: () => <Icon d={['M2 12l5 5 9-10', 'M12 16l1 1 9-10']} />,
  clock: () => <Icon d={['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2']} />,
  alert: () => <Icon d={['M12 3l10 18H2z', 'M12 10v4', 'M12 17h.01']} />,
  leave: () => <Icon d={['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h10']} />,
  file: () => <Icon d={['M6 3h8l4 4v14H6z', 'M14 3v4h4']} />,
  settings: () => (
    <Icon
      d={[
        'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
        'M19 12l2-1-2-4-2 .5-1.5-1L15 4h-4l-.5 2.5-1.5 1L7 7 5 11l2 1v0l-2 1 2 4 2-.5 1.5 1L11 20h4l.5-2.5 1.5-1 2 .5 2-4z',
      ]}
    />
  ),
};

const KIND_PATHS: Record<ChatKind, string[]> = {
  direct: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21a8 8 0 0 1 16 0'],
  group: [
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
    'M2 21a7 7 0 0 1 14 0',
    'M16 3a4 4 0 0 1 0 8',
    'M18 14a7 7 0 0 1 4 7',
  ],
  class_pupils: ['M3 9l9-5 9 5-9 5z', 'M7 11v5c3 2 7 2 10 0v-5', 'M21 9v6'],
  class_parents: [
    'M8 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
    'M2 20a6 6 0 0 1 12 0',
    'M17 13a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
    'M14 20a4 4 0 0 1 8 0',
  ],
  org_staff: ['M4 21V8l8-5 8 5v13', 'M9 21v-6h6v6', 'M9 10h.01', 'M15 10h.01'],
  community: [
    'M12 12a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
    'M5 20a7 7 0 0 1 14 0',
    'M4 8a2 2 0 1 0 0-.01',
    'M20 8a2 2 0 1 0 0-.01',
  ],
  announcement: ['M4 10v4h3l7 4V6L7 10z', 'M18 9a4 4 0 0 1 0 6'],
};

/** The picture of a chat by its kind: class, parents, staff, community, channel, direct, group. */
export function ChatKindIcon({ kind, size = 22 }: { kind: ChatKind; size?: number }) {
  return <Icon d={KIND_PATHS[kind]} size={size} />;
}
