export * from "./encryption-key";
export * from "./log-group";
export * from "./secure-bucket";
export * from "./network";
export * from "./database";
export * from "./config-parameters";
export * from "./environment";
