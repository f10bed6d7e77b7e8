// The URL state of an admin list page (search, tabs, sort, page): one update that starts again from
// the first page unless it is paging, and a search field that types freely while the URL follows
// once typing pauses (a search the URL changed by itself — back, reload — is put back in the field).
import { useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

const SEARCH_DELAY_MS = 300;

/** `q`: the search the loader read from the URL; `pagingKeys`: the parameters that say which page (a module constant). */
export function useListUrl(q: string, pagingKeys: readonly string[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const update = useCallback(
    (changes: Record<string, string | null>, paging = false) => {
      const next = new URLSearchParams(searchParams);
      if (!paging) for (const key of pagingKeys) next.delete(key);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      setSearchParams(next, { replace: !paging && "q" in changes, preventScrollReset: true });
    },
    [searchParams, setSearchParams, pagingKeys],
  );

  const [queryValue, setQueryValue] = useState(q);
  const submitted = useRef(q);
  useEffect(() => {
    if (q !== submitted.current) {
      submitted.current = q;
      setQueryValue(q);
    }
  }, [q]);
  useEffect(() => {
    const wanted = queryValue.trim();
    if (wanted === submitted.current) return;
    const timer = setTimeout(() => {
      submitted.current = wanted;
      update({ q: wanted || null });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [queryValue, update]);

  return { update, queryValue, setQueryValue };
}
