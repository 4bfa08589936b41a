/** storage — see DESIGN.md. */
export {};
