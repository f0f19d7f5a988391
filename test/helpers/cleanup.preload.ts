import { afterAll } from "bun:test";
import { removeTempDirs } from "./temp-dir.ts";

// A preload's afterAll runs once, after every test file of the run.
afterAll(removeTempDirs);
