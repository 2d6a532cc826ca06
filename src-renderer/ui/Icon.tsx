/** The few line icons the app uses, drawn inline so nothing is fetched. */
const paths = {
  overview: 'M4 19V10M10 19V5M16 19v-7M22 19H2',
  customers: 'M3 5h18M3 10h18M3 15h18M3 20h18',
  import: 'M12 3v12m0 0-4.5-4.5M12 15l4.5-4.5M4 17v3h16v-3',
  retention: 'M3 5c4 0 5 3 8 6s5 8 10 8',
  churnRate: 'M3 19h18M4 15l5-5 4 3 7-7',
  cohorts: 'M4 4h4v4H4zM10 4h4v4h-4zM16 4h4v4h-4zM4 10h4v4H4zM10 10h4v4h-4zM4 16h4v4H4z',
  survival: 'M3 4v16h18M5 6h4v4h4v3h4v3h3',
  hazard: 'M12 3v18M5 7h10M9 12h10M4 17h8M10 7h.01M14 12h.01M8 17h.01',
  drivers: 'M4 6h14M4 12h9M4 18h5',
  risk: 'M12 3 2 20h20L12 3Zm0 6v5m0 3v.01',
  riskList: 'M4 6h2m4 0h10M4 12h2m4 0h10M4 18h2m4 0h10',
  value: 'M12 2v20M17 6H9.5a3.5 3.5 0 0 0 0 7h5a3.5 3.5 0 0 1 0 7H6',
  rfm: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  fit: 'M3 20h18M4 16c3-1 4-9 8-9s5 6 8 7M6 12.5h.01M10 9h.01M15 10.5h.01M18 14.5h.01',
  valueList: 'M4 6h2m4 0h10M4 12h2m4 0h10M4 18h2m4 0h10M5 4v4M5 10v4M5 16v4',
  subscription: 'M4 12a8 8 0 0 1 14-5.3M20 12a8 8 0 0 1-14 5.3M18 3v4h-4M6 21v-4h4',
  folder: 'M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V6Z',
  plus: 'M12 5v14M5 12h14',
  file: 'M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8l-5-5Zm0 0v5h5',
  sample: 'M9 3h6M10 3v6L4.5 18.5A1.7 1.7 0 0 0 6 21h12a1.7 1.7 0 0 0 1.5-2.5L14 9V3M7 15h10',
  close: 'M6 6l12 12M18 6 6 18',
  check: 'M5 12.5 10 17 19 7',
  alert: 'M12 8v5m0 3v.01M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z',
  arrowLeft: 'M19 12H5m6-6-6 6 6 6',
  arrowRight: 'M5 12h14m-6-6 6 6-6 6',
  sortAsc: 'M12 19V5m-5 5 5-5 5 5',
  sortDesc: 'M12 5v14m-5-5 5 5 5-5',
  sortNone: 'M8 9l4-4 4 4M8 15l4 4 4-4',
  filter: 'M4 5h16l-6 7v6l-4 2v-8L4 5Z',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm9 16-4-4',
  trash: 'M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3',
  history: 'M3 12a9 9 0 1 0 3-6.7M3 4v4h4m5-1v5l3 2',
  undo: 'M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11',
  download: 'M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M4 19h16',
  quality: 'M9 12l2 2 4-4M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3Z',
  definition: 'M4 6h9m4 0h3M4 12h3m4 0h9M4 18h11m4 0h1M15 4v4M9 10v4M17 16v4',
  info: 'M12 11v6m0-9.5v.01M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Z',
  warning: 'M12 4 2.5 20h19L12 4Zm0 6v4.5m0 2.5v.01',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} />
    </svg>
  );
}
