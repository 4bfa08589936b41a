/** release — see DESIGN.md. */
export {};
