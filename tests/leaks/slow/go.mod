module fixtures.stepdist/leaks/slow

go 1.22
