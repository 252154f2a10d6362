// Loaded once per mocha run (.mocharc.json): the only place the mocks are set.
import { useMocks } from "../components/testing";

useMocks();
