module fixtures.stepdist/leak_select

go 1.22
