/** The types of security-headers.mjs. */
export declare const DATA_POLICY: string;
export declare const SECURITY_HEADERS: { key: string; value: string }[];
