// Loaded once per mocha run (.mocharc.json): Pulumi's mocks are set once per process.
import { useMocks } from "pulumi-elastic-web/testing";

useMocks({ stack: "dev" });
