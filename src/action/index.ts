/** action — see DESIGN.md. */
export {};
