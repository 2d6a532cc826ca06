import { useEffect, useEffectEvent, useState } from 'react';

/**
 * The value as it was `delay` ms after it last changed (compared by JSON), so typing in a filter asks
 * the store once per pause instead of once per key.
 */
export function useDebouncedValue<T>(value: T, delay: number): T {
  const key = JSON.stringify(value);
  const [settled, setSettled] = useState({ key, value });
  const commit = useEffectEvent(() => setSettled({ key, value }));
  useEffect(() => {
    const timer = window.setTimeout(commit, delay);
    return () => window.clearTimeout(timer);
  }, [key, delay]);
  return settled.key === key ? value : settled.value;
}
