/** semver — see DESIGN.md. */
export {};
