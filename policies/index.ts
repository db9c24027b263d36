/** The policy layer's public API: engine, rules, packs, waivers, reports and the rule catalog. */
export * from "./engine";
export * from "./packs";
export * from "./waivers";
export * from "./report";
export * from "./catalog";
export * from "./rules";
