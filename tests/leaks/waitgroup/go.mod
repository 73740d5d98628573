module fixtures.stepdist/leaks/waitgroup

go 1.22
