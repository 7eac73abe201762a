export default function Floor() {
  return <p>ok</p>;
}
