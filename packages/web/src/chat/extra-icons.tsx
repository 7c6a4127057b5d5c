/**
 * Line icons of attachments, voice, pins and the directory, drawn like those
 * of `ui/icons.tsx` (decorative: the control around them carries the label).
 */
function Icon({ d, size = 20 }: { d: string[]; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {d.map((path) => (
        <path key={path} className="icon-stroke" d={path} />
      ))}
    </svg>
  );
}

export const extraIcons = {
  paperclip: () => (
    <Icon
      d={['M20 11l-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7']}
    />
  ),
  mic: () => (
    <Icon
      d={[
        'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z',
        'M5 11a7 7 0 0 0 14 0',
        'M12 18v3',
      ]}
    />
  ),
  pin: () => <Icon d={['M9 4h6', 'M10 4v6l-3 4h10l-3-4V4', 'M12 14v7']} />,
  book: () => (
    <Icon d={['M4 5a2 2 0 0 1 2-2h14v16H6a2 2 0 0 0-2 2z', 'M4 21V5', 'M8 7h8', 'M8 11h6']} />
  ),
  download: () => <Icon d={['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14']} />,
  user: () => <Icon d={['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21a8 8 0 0 1 16 0']} />,
};
