// Runs something once per answer a fetcher gets (a toast, clearing a form): not again on re-renders,
// which keep the same answer around, and not while another submission is on its way.
import { useEffect, useRef } from "react";

interface Settling<T> {
  state: "idle" | "loading" | "submitting";
  data: T | undefined;
}

export function useOnSettled<T>(fetcher: Settling<T>, handle: (data: T) => void): void {
  const seen = useRef<T | undefined>(undefined);
  const latest = useRef(handle);
  latest.current = handle;
  useEffect(() => {
    if (fetcher.state !== "idle" || fetcher.data === undefined || fetcher.data === seen.current) return;
    seen.current = fetcher.data;
    latest.current(fetcher.data);
  }, [fetcher.state, fetcher.data]);
}
