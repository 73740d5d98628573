package rt

// stepdist_perturbNSites stands in for the number of perturbation sites
// that stepdist-prep appends to the copy of perturb.go it adds to a
// package; this file is not copied.
const stepdist_perturbNSites = 1
