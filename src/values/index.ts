/** values — see DESIGN.md. */
export {};
