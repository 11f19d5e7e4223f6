import { compact, normalizeText } from "./normalize";
import { regionNames } from "./region";

/**
 * An agency's canonical name within its region: the spelling the store files it under, so that one agency printed
 * as 南京市玄武区人民政府办公室, 玄武区人民政府办公室, 南京市玄武区人⺠政府办公室 (a radical) or …办公室（本级） is one
 * agency. The region code is part of the identity (db/identity.ts): the names stripped here are the ones it encodes.
 */

/** Suffixes that say which part of an agency a report covers, not which agency: （本级）, （机关本级）, （本部）. */
const SCOPE_SUFFIX = /\((?:机关)?本级\)$|\(本部\)$/;

/** Strips a leading name of each place on the region's chain, province first, each optional, full or short. */
function withoutRegionPrefix(name: string, regionCode: string | null): string {
  let rest = name;
  for (const [full, short] of regionNames(regionCode)) {
    // Never down to nothing, nor to a level suffix: 玄武区 alone stays 玄武区 (not 区 after its short form 玄武).
    const form = rest.startsWith(full!) ? full! : short !== undefined && rest.startsWith(short) ? short : null;
    if (form && rest.length > form.length) rest = rest.slice(form.length);
  }
  return rest;
}

export function canonicalAgencyName(name: string, regionCode: string | null): string {
  const normalized = compact(normalizeText(name)).replace(SCOPE_SUFFIX, "");
  return withoutRegionPrefix(normalized, regionCode);
}
