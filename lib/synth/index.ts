export * from "./aspect";
export * from "./construct-waivers";
export * from "./evaluate-stack";
export * from "./testing";
