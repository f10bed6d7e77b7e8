// Parses Shopify payload JSON without losing id precision: integers too long for a double
// (Shopify ids are 64-bit) become strings; everything else parses as JSON.parse would.
export function parseShopifyJson(text: string): unknown {
  let out = "";
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    const startsNumber = (c >= 48 && c <= 57) || c === 45; /* 0-9 or - */
    if (!startsNumber) continue;
    let j = i + (c === 45 ? 1 : 0);
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const digits = j - i - (c === 45 ? 1 : 0);
    const next = text.charCodeAt(j);
    const isInteger = next !== 46 /* . */ && next !== 101 && next !== 69; /* e E */
    if (isInteger && digits >= 16) {
      out += `${text.slice(last, i)}"${text.slice(i, j)}"`;
      last = j;
    }
    if (!isInteger) {
      // A fraction or an exponent belongs to this number: its digits are not a number of their own.
      if (text.charCodeAt(j) === 46) for (j++; j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57; j++);
      if (text.charCodeAt(j) === 101 || text.charCodeAt(j) === 69) {
        j++;
        if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45) j++;
        while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      }
    }
    i = j - 1;
  }
  return JSON.parse(last === 0 ? text : out + text.slice(last));
}
