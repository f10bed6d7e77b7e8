// A form's checkbox (or a JSON boolean) as zod reads it for every settings form: "on", "true", "1"
// and true are on; anything else (absent, "false", "off") is off.
import { z } from "zod";

export const formBoolean = z
  .union([z.boolean(), z.string(), z.null(), z.undefined()])
  .transform((v): boolean => v === true || v === "true" || v === "on" || v === "1");
