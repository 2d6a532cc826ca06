import { dash } from '../../ui/format';

/** "Yes = churned, No = still a customer.": how the values of a churned flag are (or will be) read. */
export function ChurnedReading({ churned, active }: { churned: string[]; active: string[] }) {
  return (
    <>
      <strong>{churned.join(', ') || dash}</strong> = churned, <strong>{active.join(', ') || dash}</strong> =
      still a customer.
    </>
  );
}
