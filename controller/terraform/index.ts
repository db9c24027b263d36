export * from "./cli-config";
export * from "./runner";
