// Money as integer minor units: Shopify sends decimal strings ("388.00"); converting through
// strings (never floats) keeps every grosz and cent exact.
const digitsByCurrency = new Map<string, number>();

export function currencyDigits(currency: string): number {
  // Building an Intl.NumberFormat costs more than the rest of a webhook's money handling: once per currency.
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (digitsByCurrency.size < 1_000) digitsByCurrency.set(currency, digits);
  }
  return digits;
}

export function toMinorUnits(amount: string, currency: string): number {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: ${amount}`);
  const [, sign, whole, fraction = ""] = match;
  const digits = currencyDigits(currency);
  const padded = (fraction + "0".repeat(digits)).slice(0, digits);
  if (fraction.slice(digits).replace(/0/g, "")) throw new Error(`${amount} has more precision than ${currency} allows`);
  const minor = Number(whole) * 10 ** digits + Number(padded || "0");
  if (!Number.isSafeInteger(minor)) throw new Error(`Amount out of range: ${amount}`);
  return sign ? -minor : minor;
}
