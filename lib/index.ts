export * from "./tiers";
export * from "./tags";
export * from "./cidr";
export * from "./spec";
export * from "./constructs";
export * from "./app";
export * from "./terraform";
export * from "../stacks";
