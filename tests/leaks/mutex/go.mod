module fixtures.stepdist/leaks/mutex

go 1.22
