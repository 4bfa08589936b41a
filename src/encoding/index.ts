/** encoding — see DESIGN.md. */
export {};
