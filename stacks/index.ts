export * from "./backend";
export * from "./environment-stack";
export * from "./bootstrap-stack";
