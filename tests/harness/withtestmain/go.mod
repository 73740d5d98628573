module fixtures.stepdist/withtestmain

go 1.22
