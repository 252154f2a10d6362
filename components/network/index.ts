// The Network component: its args and their checks, its subnet layout, its policies and the class.
export * from "./args";
export * from "./subnets";
export * from "./policies";
export * from "./network";
