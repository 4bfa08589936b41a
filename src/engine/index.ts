/** engine — see DESIGN.md. */
export {};
