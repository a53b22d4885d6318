package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"authmock/server"
)

func runScenarios(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("scenarios", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("scenarios", "", "directory of *.yaml scenarios that add to or override the built-in ones")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var dirs []string
	if *dir != "" {
		dirs = []string{*dir}
	}
	list, err := server.Scenarios(dirs...)
	if err != nil {
		fmt.Fprintln(stderr, "authmock scenarios:", err)
		return 2
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tOPERATIONS\tSUMMARY")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, strings.Join(s.Operations, ","), s.Summary)
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintln(stderr, "authmock scenarios:", err)
		return 1
	}
	return 0
}
