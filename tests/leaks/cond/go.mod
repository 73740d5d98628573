module fixtures.stepdist/leaks/cond

go 1.22
